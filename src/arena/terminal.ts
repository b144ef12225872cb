// Model output is untrusted: before it reaches a terminal, control characters
// (escape sequences could recolour, move the cursor or rewrite the screen)
// and bidirectional overrides (could reorder what the reviewer reads) are
// shown as visible escapes. Newlines and tabs stay.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
