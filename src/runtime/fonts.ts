/**
 * Starts loading every font face as soon as the page's script runs, before remark parses the
 * deck: browsers fetch a face only once laid-out text needs it, which would be after the first
 * slide is built, and the first slide would show in a fallback font, then change.
 */
export const fontsLoaded: Promise<void> = Promise.all(Array.from(document.fonts, (face) => face.load()))
  .then(() => document.fonts.ready)
  .then(() => undefined);
