// Tencent Cloud API signature v3 (TC3-HMAC-SHA256), as documented at
// https://cloud.tencent.com/document/api/213/30654 : a canonical request is
// hashed, then signed with a key derived from the secret, the UTC date and
// the service. Only `content-type` and `host` are signed (the minimum the
// API accepts), so the X-TC-* headers can be set freely.
import { createHash, createHmac } from 'node:crypto';

export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** Service name, the first label of the host (e.g. "hunyuan", "cvm"). */
  service: string;
  host: string;
  contentType: string;
  /** The exact body bytes that will be sent. */
  payload: string;
  /** Unix seconds; also sent as X-TC-Timestamp. */
  timestamp: number;
}

export interface Tc3Signature {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  /** The Authorization header value. */
  authorization: string;
}

const ALGORITHM = 'TC3-HMAC-SHA256';
const SIGNED_HEADERS = 'content-type;host';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

export function signTc3(r: Tc3Request): Tc3Signature {
  // The date of the credential scope is the UTC date of the timestamp.
  const date = new Date(r.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalRequest = ['POST', '/', '', `content-type:${r.contentType}\nhost:${r.host}\n`, SIGNED_HEADERS, sha256Hex(r.payload)].join('\n');
  const scope = `${date}/${r.service}/tc3_request`;
  const stringToSign = [ALGORITHM, String(r.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${r.secretKey}`, date), r.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  const authorization = `${ALGORITHM} Credential=${r.secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, authorization };
}
