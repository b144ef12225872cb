// Both languages of the web app are complete: same keys, no empty string,
// and the same {placeholders} in each translation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DICTS, en, translator, zh } from '../../web/src/i18n.js';
import { REPO } from './harness.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('web dictionary', () => {
  it('has every key in both languages, non-empty, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [lang, dict] of Object.entries(DICTS))
      for (const [key, value] of Object.entries(dict)) {
        expect(value.trim(), `${lang}.${key}`).not.toBe('');
        expect(placeholders(value), `${lang}.${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
  });

  it('translates Chinese keys into Chinese and fills placeholders', () => {
    const tz = translator('zh-CN');
    const te = translator('en');
    expect(tz('signIn')).toBe('登录');
    expect(te('matches', { total: 7 })).toBe('7 results');
    expect(tz('matches', { total: 7 })).toBe('共 7 条');
    // Most entries are really translated, not copied from English.
    const same = Object.keys(en).filter((k) => en[k as keyof typeof en] === zh[k as keyof typeof en] && !/^[\s\d{}/%¥a-z._-]*$/i.test(en[k as keyof typeof en]));
    expect(same.length).toBeLessThanOrEqual(3);
  });

  it('every t("key") used in the pages exists', () => {
    const used = new Set<string>();
    for (const file of sources(path.join(REPO, 'web/src'))) for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('(\w+)'/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(50);
    for (const key of used) expect(Object.keys(en), key).toContain(key);
  });
});
