// Calculator pages load this from <head> (toolkit_site/preload.py adds it, naming the page's
// calculators' bundle): Python starts downloading while the theme and the page are still loading,
// not after them. calculators.js finds the same runtime running (and starts it itself after an
// instant navigation, which runs no <head> scripts).
import { startRuntime } from "./calculator/runtime.js";

const script = document.querySelector("script[data-toolkit-wheel]");
if (script) startRuntime(script.dataset.toolkitWheel);
