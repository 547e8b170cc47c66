import { APP_LOCALES, type AppLocale, DEFAULT_LOCALE, matchLocale } from "./locales";
// Written by `make catalogs` from the backend's gettext catalogs (i18n/interface_text.py):
// translate the front end where every other message is translated.
import UI_STRINGS_JSON from "./ui-strings.json";

// ChatKit does not translate the strings it is given, so each locale ships its own.

export interface StartPrompt {
  /** Shown on the start screen. */
  label: string;
  /** Sent as the user's message when the prompt is chosen. */
  prompt: string;
}

export interface UiStrings {
  greeting: string;
  composerPlaceholder: string;
  prompts: readonly StartPrompt[];
  /** Markdown, below the composer. */
  disclaimer: string;
  /** Accessible title of ChatKit's iframe. */
  frameTitle: string;
  /** Shown when the ChatKit script did not load in time. */
  scriptTimeout: string;
  /** Shown instead of the chat when this host has no domain key. */
  configError: string;
}

/** Every app locale's strings (a locale not translated yet holds the default locale's). */
export const UI_STRINGS: Readonly<Partial<Record<string, UiStrings>>> = UI_STRINGS_JSON;

/** Strings for a locale: its own, else its closest app locale's, else the default locale's. */
export function stringsFor(locale: string): UiStrings {
  const appLocale: AppLocale = matchLocale(locale, APP_LOCALES) ?? DEFAULT_LOCALE;
  const strings = UI_STRINGS[appLocale] ?? UI_STRINGS[DEFAULT_LOCALE];
  if (strings === undefined) throw new Error("ui-strings.json is stale: run `make catalogs`");
  return strings;
}
