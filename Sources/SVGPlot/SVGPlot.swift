// Placeholder until the SVG plotting module lands.
