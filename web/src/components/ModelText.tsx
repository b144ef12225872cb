// Untrusted model output (and anything else that came from a model or a
// dataset) is shown as text: a React text child is escaped, links stay
// characters. Never pass it to dangerouslySetInnerHTML or an href.
export function ModelText({ text, className }: { text: string | null | undefined; className?: string }) {
  return <pre className={`model-text ${className ?? ''}`}>{text ?? ''}</pre>;
}

/** A JSON value (item fields, scorer detail) pretty-printed as text. */
export function JsonText({ value }: { value: unknown }) {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return <ModelText text={text} className="json" />;
}
