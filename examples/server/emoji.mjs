// @ts-check
// Search over the demo's data set: examples/data/emoji-en-US.json, copied unchanged from the npm package
// emojilib@4.0.3 (dist/emoji-en-US.json, https://github.com/muan/emojilib), MIT licence, Copyright (c) 2014
// Mu-An Chiou; its licence text is in examples/data/emojilib-LICENSE.txt. It maps 1,914 emoji to 15,412
// keywords, the first of which is the emoji's name in snake_case.
import { readFileSync } from 'node:fs';

/** @typedef {{ emoji: string, name: string, keywords: string[] }} Hit */

/** @param {string} file */
export function loadEmojiIndex(file) {
  /** @type {Record<string, string[]>} */
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const entries = Object.entries(data).map(([emoji, keywords], order) => {
    const name = (keywords[0] ?? '').replace(/_/g, ' ');
    const words = new Set(keywords.flatMap((k) => k.toLowerCase().split(/[\s_]+/)).filter(Boolean));
    return {
      emoji,
      name,
      keywords: keywords.slice(1),
      nameWords: name.toLowerCase().split(' '),
      words: [...words],
      order,
    };
  });
  const keywordCount = entries.reduce((n, e) => n + e.keywords.length + 1, 0);

  /**
   * Every word of the query must start a word of the emoji's name or keywords. Hits whose name matches
   * come first, short names before long ones, then by the data set's order (common emoji first).
   * @param {string} query
   * @param {number} limit
   */
  function search(query, limit) {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length === 0) return { total: 0, results: /** @type {Hit[]} */ ([]) };
    const scored = [];
    for (const e of entries) {
      let score = 0;
      let all = true;
      for (const term of terms) {
        if (e.nameWords.some((w) => w === term)) score += 3;
        else if (e.nameWords.some((w) => w.startsWith(term))) score += 2;
        else if (e.words.some((w) => w.startsWith(term))) score += 1;
        else {
          all = false;
          break;
        }
      }
      if (all) scored.push({ e, score });
    }
    scored.sort((a, b) => b.score - a.score || a.e.nameWords.length - b.e.nameWords.length || a.e.order - b.e.order);
    return {
      total: scored.length,
      results: scored.slice(0, limit).map(({ e }) => ({ emoji: e.emoji, name: e.name, keywords: e.keywords })),
    };
  }

  return { size: entries.length, keywordCount, search };
}
