// Values fixed when the bundle is built. Kept apart from the pure modules so that those stay
// importable in unit tests without Vite's replacements.

/** Hostname → domain-key map, as text (JSON or `host=key,...`), from DOMAIN_KEYS at build time. */
export const DOMAIN_KEYS_AT_BUILD: string = __DOMAIN_KEYS__;

{% if cookiecutter.auth_style == 'session' -%}
/** Development builds only: loopback hosts may use the placeholder key, sign-in is /dev/login. */
{% else -%}
/** Development builds only: loopback hosts may use the placeholder key, tokens come from /dev/token. */
{% endif -%}
export const IS_DEV_BUILD: boolean = import.meta.env.DEV;
