// Every visible string comes from ui/i18n/<lang>.json. Keys missing from the chosen language
// show the English text rather than a raw key; a test keeps both files complete.

const LANGS = ['en', 'zh-CN'];
const catalogues = {};
let current = 'en';
let plurals = new Intl.PluralRules('en');

async function load(lang) {
  if (!catalogues[lang]) {
    const response = await fetch(`i18n/${lang}.json`);
    catalogues[lang] = await response.json();
  }
  return catalogues[lang];
}

export async function setLanguage(lang) {
  current = LANGS.includes(lang) ? lang : 'en';
  plurals = new Intl.PluralRules(current);
  await Promise.all([load('en'), load(current)]);
  document.documentElement.lang = current;
}

export function language() {
  return current;
}

/**
 * Text for `key`, with `{name}` placeholders filled from `params`; `{name|one|other}` is the
 * word the number `params[name]` takes, by the language's plural rules ("1 row", "2 rows").
 */
export function t(key, params = {}) {
  const text = catalogues[current]?.[key] ?? catalogues.en?.[key] ?? key;
  return text.replace(/\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g, (whole, name, one, other) => {
    if (!(name in params)) return whole;
    if (one === undefined) return String(params[name]);
    return plurals.select(Number(params[name])) === 'one' ? one : other;
  });
}

/** Only for keys that may legitimately be absent (optional help text). */
export function has(key) {
  return key in (catalogues[current] ?? {}) || key in (catalogues.en ?? {});
}

/** A `YYYY-MM-DD` day as the language writes it: "15 Sep 2026", "2026年9月15日". */
export function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return iso ?? '';
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (current !== 'en') {
    return new Intl.DateTimeFormat(current, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(day);
  }
  // Day, month by name, year: read the same way on both sides of the Atlantic.
  const month = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(day);
  return `${day.getUTCDate()} ${month} ${day.getUTCFullYear()}`;
}

/** A Date's UTC day as `YYYY-MM-DD`. */
export function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A typed date as `YYYY-MM-DD`, or null. Takes the forms that cannot be misread: year first
 * (2026-09-15, 2026/9/15, 2026年9月15日) or a month by name (15 Sep 2026, Sep 15, 2026) — never
 * 03/04/2026, which is a different day in China and in the US.
 */
export function parseDate(text) {
  const s = text.trim().toLowerCase().replace(/,/g, ' ');
  let y; let m; let d;
  let match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (match) [, y, m, d] = match.map(Number);
  else if ((match = /^(\d{1,2})\s+([a-z]{3,})\.?\s+(\d{4})$/.exec(s))) [y, m, d] = [Number(match[3]), monthNumber(match[2]), Number(match[1])];
  else if ((match = /^([a-z]{3,})\.?\s+(\d{1,2})\s+(\d{4})$/.exec(s))) [y, m, d] = [Number(match[3]), monthNumber(match[1]), Number(match[2])];
  else return null;
  const day = new Date(Date.UTC(y, m - 1, d));
  return m >= 1 && day.getUTCMonth() === m - 1 && day.getUTCDate() === d ? isoDate(day) : null;
}

function monthNumber(name) {
  return MONTHS.indexOf(name.slice(0, 3)) + 1;
}

let currencySigns = {};

/** The core's signs for currencies (CNY → CN¥), so the window writes money as the report does. */
export function setCurrencySigns(signs) {
  currencySigns = signs ?? {};
}

/**
 * An exact decimal amount ("1004.70") in `currency` as the core writes money for people:
 * "CN¥1,004.70", "RUB 1,004.70" for a currency without a sign. The digits are the core's
 * string, so nothing passes through a float.
 */
export function formatMoney(amount, currency) {
  const text = String(amount ?? '');
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!match || !currency) return [text, currency].filter(Boolean).join(' ');
  const [, minus, whole, fraction = ''] = match;
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + fraction;
  const sign = currencySigns[currency];
  return sign ? `${minus}${sign}${digits}` : `${currency} ${minus}${digits}`;
}
