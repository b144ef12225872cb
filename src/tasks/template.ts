// `{{field}}` templates. Deliberately tiny: no logic in prompts, so a prompt
// reads the same in the config, the report and the audit trail.
const VARIABLE = /\{\{\s*([\w.-]+)\s*\}\}/g;

export function templateFields(template: string): string[] {
  return [...template.matchAll(VARIABLE)].map((m) => m[1]);
}

export function render(template: string, fields: Record<string, unknown>): string {
  return template.replace(VARIABLE, (_, name: string) => {
    const v = lookup(fields, name);
    return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  });
}

export function lookup(fields: Record<string, unknown>, name: string): unknown {
  if (name in fields) return fields[name];
  let v: unknown = fields;
  for (const part of name.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}
