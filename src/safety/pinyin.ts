// Pinyin forms of a Chinese keyword, for matching answers that spell it in
// Latin letters (falungong, fa lun gong). pinyin-pro chooses the reading of
// polyphonic characters from the word; tones are dropped.
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/** The toneless pinyin of a keyword containing Chinese characters; none for other keywords. */
export function pinyinForms(keyword: string): string[] {
  if (!HAN.test(keyword)) return [];
  const syllables = pinyin(keyword, { toneType: 'none', type: 'array', v: true }).filter((s) => /^[a-z]+$/i.test(s));
  return syllables.length ? [syllables.join('')] : [];
}
