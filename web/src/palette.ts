// Colour scales chosen to stay readable with colour-vision deficiency:
// - viridis (sequential, perceptually uniform, distinguishable in deuteranopia/protanopia/tritanopia and in
//   greyscale) for utilisation;
// - cividis (designed for deuteranopia and protanopia) for sellable capacity and free dark pairs;
// - Okabe-Ito (the 8-colour categorical palette designed for CVD) for owners, target kinds and states.
// Every segment line sits on a dark casing so that the light end of a scale stays visible on the basemap.

export const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
export const CIVIDIS = ['#00224e', '#35456c', '#666970', '#948e77', '#c8b866', '#fee838'];
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** Colour for "stopped answering" and "under-used": vermillion, distinct from every sequential stop above. */
export const ALERT = '#D55E00';
export const OK = '#0072B2';
export const MUTED = '#8a8a8a';
/** Drift from the cadastre: Okabe-Ito reddish purple, apart from the device-down mark (black × on yellow). */
export const DRIFT = '#CC79A7';
/** Sites by availability this month: bluish green (100 %), orange (outages, SLA met), ALERT with a black ring
 *  (below the SLA target: a shape as well as a colour), dark grey (no figure). */
export const AVAIL = { full: '#009E73', met: '#E69F00', breach: ALERT, none: '#333333' } as const;

/** Evenly spaced stops of a palette over [min, max], for a MapLibre 'interpolate' expression and the legend. */
export function stops(palette: readonly string[], min: number, max: number): Array<[number, string]> {
  const n = palette.length - 1;
  return palette.map((c, i) => [min + ((max - min) * i) / n, c]);
}

/** Fibre health (api FibreStatusSchema), Okabe-Ito: blue healthy, orange degrading, yellow warning, vermillion dark. */
export const FIBRE_COLOURS = { ok: '#0072B2', degrading: '#E69F00', warning: '#F0E442', dark: '#D55E00', unknown: MUTED } as const;
export const FIBRE_STATUSES = ['ok', 'degrading', 'warning', 'dark', 'unknown'] as const;
