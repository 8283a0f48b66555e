"""Default data files for the calculators. A council replaces them through site configuration."""
