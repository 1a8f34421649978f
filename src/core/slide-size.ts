/** The slide's CSS pixel size for a `width:height` ratio, computed as remark's scaler does. */
export function slideSize(ratio: string): { width: number; height: number } {
  const [w, h] = ratio.split(':').map((n) => parseInt(n, 10));
  const referenceHeight = 681;
  const referenceRatio = 908 / 681;
  return { width: Math.floor((908 / referenceRatio) * (w / h)), height: referenceHeight };
}
