// The JavaScript check in `make check`: ESLint's recommended rules for the site's browser code,
// the service worker and the build's Node script.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["content/assets/js/**/*.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.browser, document$: "readonly" } },
  },
  {
    files: ["content/assets/js/search-on-demand.js"], // a classic script: it must run before the theme's
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["content/assets/js/calculator-worker.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.worker } },
  },
  {
    files: ["scripts/toolkit_site/sw.js"],
    // __BUILD__ is replaced by the build with this build's version and file lists.
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker, __BUILD__: "readonly" } },
  },
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
  {
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      "prefer-const": "error",
      "no-var": "error",
    },
  },
];
