{%- set ns = namespace(en=false, fr=false, de=false, untranslated="") -%}
{%- for code in cookiecutter.supported_locales.split(',')|map('trim')|select -%}
{%- set language = code.replace('_', '-').split('-')[0].lower() -%}
{%- if language == 'en' %}{% set ns.en = true %}{% elif language == 'fr' %}{% set ns.fr = true %}{% elif language == 'de' %}{% set ns.de = true %}{% else %}{% set ns.untranslated = ns.untranslated ~ (', ' if ns.untranslated else '') ~ code.replace('_', '-') %}{% endif -%}
{%- endfor -%}
{%- set default_language = cookiecutter.supported_locales.split(',')[0].strip().replace('_', '-').split('-')[0].lower() -%}
{%- if default_language not in ['fr', 'de'] %}{% set ns.en = true %}{% endif -%}
import { canonicalizeLocale } from "./locales";

// ChatKit does not translate the strings it is given, so each language ships its own.

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
{%- if ns.en %}

const EN: UiStrings = {
  greeting: "Hi! How can I help you today?",
  composerPlaceholder: "Ask me anything…",
  prompts: [
    { label: "What can you do?", prompt: "What kinds of things can you help me with?" },
    { label: "Draft an email", prompt: "Help me write a short, friendly email to a colleague." },
    { label: "Explain a concept", prompt: "Explain a technical concept to me in simple terms." },
  ],
  disclaimer: "The assistant can make mistakes. Check important information.",
  frameTitle: "Chat assistant",
  scriptTimeout:
    "The chat could not be loaded. Check your connection or turn off content blockers for this site, then reload the page.",
  configError: "The chat is not available at this address yet. Please contact the site's administrators.",
};
{%- endif %}
{%- if ns.fr %}

const FR: UiStrings = {
  greeting: "Bonjour\u00a0! Comment puis-je vous aider aujourd’hui\u00a0?",
  composerPlaceholder: "Posez votre question…",
  prompts: [
    { label: "Que savez-vous faire\u00a0?", prompt: "Pour quels types de tâches pouvez-vous m’aider\u00a0?" },
    { label: "Rédiger un e-mail", prompt: "Aidez-moi à rédiger un court e-mail cordial pour un collègue." },
    { label: "Expliquer une notion", prompt: "Expliquez-moi une notion technique en termes simples." },
  ],
  disclaimer: "L’assistant peut se tromper. Vérifiez les informations importantes.",
  frameTitle: "Assistant conversationnel",
  scriptTimeout:
    "Impossible de charger l’assistant. Vérifiez votre connexion ou désactivez les bloqueurs de contenu pour ce site, puis rechargez la page.",
  configError: "L’assistant n’est pas encore disponible à cette adresse. Veuillez contacter les administrateurs du site.",
};
{%- endif %}
{%- if ns.de %}

const DE: UiStrings = {
  greeting: "Hallo! Wie kann ich Ihnen heute helfen?",
  composerPlaceholder: "Stellen Sie Ihre Frage …",
  prompts: [
    { label: "Was kannst du?", prompt: "Wobei kannst du mir helfen?" },
    { label: "E-Mail entwerfen", prompt: "Hilf mir, eine kurze, freundliche E-Mail an eine Kollegin zu schreiben." },
    { label: "Begriff erklären", prompt: "Erkläre mir einen Fachbegriff in einfachen Worten." },
  ],
  disclaimer: "Der Assistent kann Fehler machen. Überprüfen Sie wichtige Informationen.",
  frameTitle: "Chat-Assistent",
  scriptTimeout:
    "Der Chat konnte nicht geladen werden. Prüfen Sie Ihre Verbindung oder deaktivieren Sie Inhaltsblocker für diese Website und laden Sie die Seite dann neu.",
  configError: "Der Chat ist unter dieser Adresse noch nicht verfügbar. Bitte wenden Sie sich an die Betreiber der Website.",
};
{%- endif %}

/** UI strings by language subtag, or by full tag for a regional variant that needs its own. */
const STRINGS: Readonly<Record<string, UiStrings>> = {
{%- if ns.en %}
  en: EN,
{%- endif %}
{%- if ns.fr %}
  fr: FR,
{%- endif %}
{%- if ns.de %}
  de: DE,
{%- endif %}
};
{%- if ns.untranslated %}

// No strings yet for {{ ns.untranslated }}: until an entry is added above, these
// locales get DEFAULT_STRINGS.
{%- endif %}

/** Strings for the default locale: what any locale without its own strings gets. */
const DEFAULT_STRINGS: UiStrings = {{ default_language.upper() if default_language in ['fr', 'de'] else 'EN' }};

/** The languages (keys of the table) that have strings. */
export const TRANSLATED_LANGUAGES: readonly string[] = Object.keys(STRINGS);

/** Strings for an app locale: its own, then its language's, then the default locale's. */
export function stringsFor(locale: string): UiStrings {
  const canonical = canonicalizeLocale(locale)?.toLowerCase();
  if (canonical !== undefined) {
    const subtags = canonical.split("-");
    for (let length = subtags.length; length > 0; length -= 1) {
      const key = subtags.slice(0, length).join("-");
      if (Object.hasOwn(STRINGS, key)) return STRINGS[key] ?? DEFAULT_STRINGS;
    }
  }
  return DEFAULT_STRINGS;
}
