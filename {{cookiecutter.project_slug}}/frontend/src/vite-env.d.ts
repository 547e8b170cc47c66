/// <reference types="vite/client" />

/** The DOMAIN_KEYS value `vite build` saw; see vite.config.ts. */
declare const __DOMAIN_KEYS__: string;
