// What to tell a council's web team when its server sends the runtime's files with a type the
// browser refuses to use. Written once, for both sides: the page (a worker script that will not
// load) and the worker (Python's own files that will not load).

const SERVE_AS = {
  script: "serve .mjs and .js files as text/javascript (nginx: \"text/javascript js mjs;\" in its types block; "
    + "Apache: \"AddType text/javascript .mjs\"; IIS: a mimeMap for \".mjs\")",
  wasm: "serve .wasm files as application/wasm (nginx: \"application/wasm wasm;\" in its types block; "
    + "Apache: \"AddType application/wasm .wasm\"; IIS: a mimeMap for \".wasm\")",
};

// `problem` says what the server does ("the web server sends x.mjs as …"); `kind` is "script" or "wasm".
export function wrongTypeAdvice(kind, problem) {
  return `${problem} Ask your web team to ${SERVE_AS[kind]}, `
    + "or to use the settings the build writes (_server/nginx.conf, .htaccess, web.config).";
}
