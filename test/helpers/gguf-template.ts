// Writes a copy of a GGUF file with `tokenizer.chat_template` set, for the
// local-model tests: the shared tiny model has no chat template of its own.
// GGUF v2/v3 layout (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md):
// header (magic, version, tensor count, KV count), the KVs, the tensor infos,
// padding to `general.alignment` (default 32), then the tensor data, whose
// offsets are relative to its start, so only the header part moves.
import { readFileSync, writeFileSync } from 'node:fs';

const SCALAR_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;

export function withChatTemplate(from: string, to: string, template: string): void {
  const buf = readFileSync(from);
  if (buf.toString('latin1', 0, 4) !== 'GGUF') throw new Error(`${from} is not a GGUF file`);
  let at = 24;
  const u32 = () => ((at += 4), buf.readUInt32LE(at - 4));
  const u64 = () => ((at += 8), Number(buf.readBigUInt64LE(at - 8)));
  const str = () => {
    const n = u64();
    at += n;
    return buf.toString('utf8', at - n, at);
  };
  const skipValue = (type: number): void => {
    if (type === STRING) str();
    else if (type === ARRAY) {
      const inner = u32();
      const n = u64();
      if (inner === STRING) for (let i = 0; i < n; i++) str();
      else at += n * SCALAR_SIZE[inner];
    } else at += SCALAR_SIZE[type];
  };
  const tensors = Number(buf.readBigUInt64LE(8));
  const kvs = Number(buf.readBigUInt64LE(16));
  let alignment = 32;
  for (let i = 0; i < kvs; i++) {
    const key = str();
    const type = u32();
    if (key === 'general.alignment') alignment = buf.readUInt32LE(at);
    if (key === 'tokenizer.chat_template') throw new Error(`${from} already has a chat template`);
    skipValue(type);
  }
  const kvEnd = at;
  for (let i = 0; i < tensors; i++) {
    str();
    const dims = u32();
    at += dims * 8 + 4 + 8;
  }
  const infoEnd = at;
  const dataStart = Math.ceil(infoEnd / alignment) * alignment;

  const key = Buffer.from('tokenizer.chat_template');
  const value = Buffer.from(template);
  const kv = Buffer.alloc(8 + key.length + 4 + 8 + value.length);
  kv.writeBigUInt64LE(BigInt(key.length), 0);
  key.copy(kv, 8);
  kv.writeUInt32LE(STRING, 8 + key.length);
  kv.writeBigUInt64LE(BigInt(value.length), 12 + key.length);
  value.copy(kv, 20 + key.length);

  const header = Buffer.from(buf.subarray(0, 24));
  header.writeBigUInt64LE(BigInt(kvs + 1), 16);
  const head = Buffer.concat([header, buf.subarray(24, kvEnd), kv, buf.subarray(kvEnd, infoEnd)]);
  const pad = Buffer.alloc(Math.ceil(head.length / alignment) * alignment - head.length);
  writeFileSync(to, Buffer.concat([head, pad, buf.subarray(dataStart)]));
}
