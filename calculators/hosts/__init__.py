"""Where calculators run: the command line and the browser (Pyodide worker)."""
