// Vendor content-filter signals → a code to keep, or undefined. A block is
// its own outcome (content_filtered): a refusal for safety assessment, and
// neither right nor wrong for capability.
import type { ContentFilterRule } from './http.js';
import { vendorError } from './http.js';

/** Messages that only a safety block produces (zh and en). */
const FILTER_MESSAGE = /(data[ _-]?inspection|inappropriate content|sensitive|content[ _-]?(filter|management|policy|safety)|high risk|不安全|敏感|违规|违反|安全审核|内容审核|风险)/i;

/**
 * A rule that matches any of the vendor's documented codes, plus the
 * message patterns above for bodies whose code is generic.
 */
export function filterRule(codes: Array<string | number>): ContentFilterRule {
  const known = new Set(codes.map((c) => String(c).toLowerCase()));
  return (body) => {
    const { code, message } = vendorError(body, typeof body === 'string' ? body : '');
    const b = body as Record<string, any> | undefined;
    // MiniMax nests its status in base_resp.
    const nested = b && typeof b === 'object' && b.base_resp ? String(b.base_resp.status_code) : undefined;
    for (const c of [code, nested]) if (c && known.has(c.toLowerCase())) return c;
    if (message && FILTER_MESSAGE.test(message)) return code ?? 'content_filter';
    return undefined;
  };
}
