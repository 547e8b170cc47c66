import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { parseDomainKeyMap } from "./src/config/domainKeys";

// The backend in development (`/chatkit`, `/attachments/`, `/telemetry`, `/dev/token`);
// production puts both behind one reverse proxy, so the page only ever uses same-origin URLs.
const BACKEND = "http://127.0.0.1:8000";
const proxy = {
  "/chatkit": BACKEND,
  "/attachments/": BACKEND,
  "/telemetry": BACKEND,
  "/dev/": BACKEND,
};

export default defineConfig(({ command }) => {
  // DOMAIN_KEYS is the backend's setting too: one name everywhere. Domain keys are public, so
  // this one value is compiled in; Vite's envPrefix stays as it is so no other variable can leak.
  const domainKeys = process.env.DOMAIN_KEYS ?? "";
  if (command === "build") {
    parseDomainKeyMap(domainKeys); // fail the build, not the page, on a malformed map or a secret
    if (domainKeys.trim() === "") {
      console.warn("DOMAIN_KEYS is empty: this build will show a configuration error on every host.");
    }
  }
  return {
    plugins: [react()],
    define: { __DOMAIN_KEYS__: JSON.stringify(domainKeys) },
    server: { proxy },
    preview: { proxy },
    test: { include: ["tests/**/*.test.ts"], environment: "node" },
  };
});
