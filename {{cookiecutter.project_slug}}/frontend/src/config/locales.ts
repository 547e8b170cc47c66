import type { SupportedLocale } from "@openai/chatkit";

/**
 * The app's locales, first = default. They must match the backend's gettext catalogs, since
 * the resolved locale is also sent to the backend as Accept-Language.
 */
export const APP_LOCALES = [
{%- for code in cookiecutter.supported_locales.split(',')|map('trim')|select %}
  "{{ code|replace('_', '-') }}",
{%- endfor %}
] as const;

export type AppLocale = (typeof APP_LOCALES)[number];

export const DEFAULT_LOCALE: AppLocale = APP_LOCALES[0];

/** Every locale ChatKit 1.9.0 accepts (`SupportedLocale`); anything else falls back to English. */
export const CHATKIT_LOCALES = [
  "am", "ar", "bg-BG", "bn-BD", "bs-BA", "ca-ES", "cs-CZ", "da-DK", "de-DE", "el-GR", "es-419",
  "es-ES", "et-EE", "fi-FI", "fr-CA", "fr-FR", "gu-IN", "hi-IN", "hr-HR", "hu-HU", "hy-AM",
  "id-ID", "is-IS", "it-IT", "ja-JP", "ka-GE", "kk", "kn-IN", "ko-KR", "lt", "lv-LV", "mk-MK",
  "ml", "mn", "mr-IN", "ms-MY", "my-MM", "nb-NO", "nl-NL", "pa", "pl-PL", "pt-BR", "pt-PT",
  "ro-RO", "ru-RU", "sk-SK", "sl-SI", "so-SO", "sq-AL", "sr-RS", "sv-SE", "sw-TZ", "ta-IN",
  "te-IN", "th-TH", "tl", "tr-TR", "uk-UA", "ur", "vi-VN", "zh-CN", "zh-HK", "zh-TW",
  "bg", "bn", "bs", "ca", "cs", "da", "de", "el", "es", "et", "fi", "fr", "gu", "hi", "hr", "hu",
  "hy", "id", "is", "it", "ja", "ka", "kn", "ko", "lv", "mk", "mr", "ms", "my", "nb", "nl", "pl",
  "pt", "ro", "ru", "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "th", "tr", "uk", "vi",
  "zh", "zh-Hant", "en",
] as const satisfies readonly SupportedLocale[];

type MissingChatKitLocale = Exclude<SupportedLocale, (typeof CHATKIT_LOCALES)[number]>;

/** Fails to compile when a ChatKit upgrade adds a locale that CHATKIT_LOCALES lacks. */
export const CHATKIT_LOCALES_ARE_COMPLETE: [MissingChatKitLocale] extends [never] ? true : never = true;

const CHATKIT_FALLBACK_LOCALE: SupportedLocale = "en";

const RTL_LANGUAGES = new Set(["ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"]);

/** Canonical BCP 47 form (`pt_br` → `pt-BR`), or null for anything that is not a language tag. */
export function canonicalizeLocale(tag: string): string | null {
  const cleaned = tag.trim().replace(/_/g, "-");
  if (cleaned === "") return null;
  try {
    return Intl.getCanonicalLocales(cleaned)[0] ?? null;
  } catch {
    return null; // RangeError: "*", "en;q=0.8", random text
  }
}

/** `zh-Hant-TW` → [`zh-hant-tw`, `zh-hant`, `zh`] (lower case, most specific first). */
function lookupChain(canonical: string): string[] {
  const subtags = canonical.toLowerCase().split("-");
  return subtags.map((_, index) => subtags.slice(0, subtags.length - index).join("-"));
}

function baseLanguage(canonical: string): string {
  return canonical.toLowerCase().split("-")[0] ?? "";
}

/**
 * Best supported locale for one requested tag: exact, then less specific (`fr-CA` → `fr`), then
 * another region of the same language (`pt-PT` → `pt-BR`). Case and `_` do not matter.
 */
export function matchLocale<T extends string>(requested: string, supported: readonly T[]): T | null {
  const canonical = canonicalizeLocale(requested);
  if (canonical === null) return null;
  const candidates = supported.map((locale) => ({
    locale,
    key: (canonicalizeLocale(locale) ?? locale).toLowerCase(),
  }));
  for (const prefix of lookupChain(canonical)) {
    const exact = candidates.find((candidate) => candidate.key === prefix);
    if (exact) return exact.locale;
  }
  const language = baseLanguage(canonical);
  const sibling = candidates.find((candidate) => baseLanguage(candidate.key) === language);
  return sibling ? sibling.locale : null;
}

/** The first requested tag that matches a supported locale, else the fallback. */
export function negotiateLocale<T extends string>(
  requested: Iterable<string | null | undefined>,
  supported: readonly T[],
  fallback: T,
): T {
  for (const tag of requested) {
    if (!tag) continue;
    const match = matchLocale(tag, supported);
    if (match !== null) return match;
  }
  return fallback;
}

export interface LocaleSources {
  /** An explicit choice (`?lang=`, a user setting); wins when it is supported. */
  override?: string | null | undefined;
  /** `navigator.languages`, in the browser's preference order. */
  navigatorLanguages?: readonly string[] | undefined;
}

/** The app locale for this page: override → navigator.languages → DEFAULT_LOCALE. */
export function resolveLocale({ override, navigatorLanguages = [] }: LocaleSources): AppLocale {
  return negotiateLocale([override, ...navigatorLanguages], APP_LOCALES, DEFAULT_LOCALE);
}

/**
 * ChatKit's locale for an app locale. ChatKit's list is not BCP 47 (`en-GB` is invalid, only
 * `en`), so look the tag up from most to least specific and fall back to English.
 */
export function toChatKitLocale(appLocale: string): SupportedLocale {
  const canonical = canonicalizeLocale(appLocale);
  if (canonical === null) return CHATKIT_FALLBACK_LOCALE;
  for (const prefix of lookupChain(canonical)) {
    const match = CHATKIT_LOCALES.find((locale) => locale.toLowerCase() === prefix);
    if (match) return match;
  }
  return CHATKIT_FALLBACK_LOCALE;
}

/** Writing direction for `<html dir>`. */
export function textDirection(locale: string): "ltr" | "rtl" {
  const canonical = canonicalizeLocale(locale);
  return canonical !== null && RTL_LANGUAGES.has(baseLanguage(canonical)) ? "rtl" : "ltr";
}
