// Bad input (config, datasets, banks): a message that names the place and,
// where we can, the fix. The CLI turns it into exit status 2.
export interface Place {
  file?: string;
  line?: number;
  field?: string;
}

export class InputError extends Error {
  constructor(
    readonly problem: string,
    readonly place: Place = {},
    readonly hint?: string,
  ) {
    super(formatInputError(problem, place, hint));
    this.name = 'InputError';
  }
}

export function formatInputError(problem: string, place: Place, hint?: string): string {
  const where = [place.file, place.line !== undefined ? `line ${place.line}` : undefined, place.field ? `field "${place.field}"` : undefined].filter(Boolean).join(', ');
  return `${where ? `${where}: ` : ''}${problem}${hint ? `\n  hint: ${hint}` : ''}`;
}
