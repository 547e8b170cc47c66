"""What a user sees in each supported locale: the shipped translations, written out.

Tests compare responses with these strings, so a missing or broken translation fails a
test instead of silently falling back to English.
"""
{%- set locales = cookiecutter.supported_locales.split(',') | map('trim') | list %}

EXPECTED: dict[str, dict[str, str]] = {
{%- if 'en' in locales %}
    "en": {
        "sign_in": "Sign in to continue.",
        "not_found": "This conversation was not found.",
        "invalid": "This is not a valid ChatKit request.",
        "too_large": "The request is too large.",
        "unavailable": "The service is temporarily unavailable. Please try again shortly.",
        "progress": "Looking up the time in Europe/Paris…",
        "bad_zone": "“Mars/Olympus” is not a time zone I know. Try a name like Europe/Paris.",
        "echo": "Offline model here. You said: “{text}”",
    },
{%- endif %}
{%- if 'fr' in locales %}
    "fr": {
        "sign_in": "Connectez-vous pour continuer.",
        "not_found": "Cette conversation est introuvable.",
        "invalid": "Cette requête ChatKit n’est pas valide.",
        "too_large": "La requête est trop volumineuse.",
        "unavailable": "Le service est momentanément indisponible. "
        "Veuillez réessayer dans quelques instants.",
        "progress": "Recherche de l’heure à Europe/Paris…",
        "bad_zone": "Je ne connais pas le fuseau horaire « Mars/Olympus ». "
        "Essayez un nom comme Europe/Paris.",
        "echo": "Ici le modèle hors ligne. Vous avez écrit : « {text} »",
    },
{%- endif %}
{%- if 'de' in locales %}
    "de": {
        "sign_in": "Melden Sie sich an, um fortzufahren.",
        "not_found": "Diese Unterhaltung wurde nicht gefunden.",
        "invalid": "Dies ist keine gültige ChatKit-Anfrage.",
        "too_large": "Die Anfrage ist zu groß.",
        "unavailable": "Der Dienst ist vorübergehend nicht verfügbar. "
        "Bitte versuchen Sie es gleich noch einmal.",
        "progress": "Uhrzeit in Europe/Paris wird abgefragt…",
        "bad_zone": "Die Zeitzone „Mars/Olympus“ kenne ich nicht. "
        "Versuchen Sie einen Namen wie Europe/Paris.",
        "echo": "Hier spricht das Offline-Modell. Sie schrieben: „{text}“",
    },
{%- endif %}
}
