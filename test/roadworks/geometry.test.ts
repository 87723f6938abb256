import { describe, it, expect } from 'vitest';
import { buffer, booleanPointInPolygon, along, lineString, length } from '@turf/turf';
import { coveredPart, greatCircleMetres } from '../../analytics/roadworks.js';
import type { LonLat } from '../../config/schema.js';

// Hand-made geometry in metres east (x) and north (y) of a point in Brussels, turned into degrees on turf's
// sphere; the expected answers below are worked out on paper in those metres.
const LON0 = 4.35, LAT0 = 50.85, R = 6_371_008.8;
const KY = (R * Math.PI) / 180, KX = KY * Math.cos((LAT0 * Math.PI) / 180);
const ll = (x: number, y: number): LonLat => [LON0 + x / KX, LAT0 + y / KY];
const rect = (x0: number, y0: number, x1: number, y1: number): LonLat[] => [ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)];

describe('metres of a line inside a buffered worksite', () => {
  it('a line passing 10 m from a rectangle: the flat part plus two circular ends', () => {
    // Rectangle x 300..500, y 10..50; corridor 25 m. Points of y = 0 within 25 m: 300 − √(25² − 10²) to 500 + √525.
    const c = coveredPart([ll(0, 0), ll(1400, 0)], [[rect(300, 10, 500, 50)]], 25);
    expect(c.metres).toBeCloseTo(200 + 2 * Math.sqrt(525), 1);
    expect(Math.round(c.metres)).toBe(246);
    expect(c.lineMetres).toBeCloseTo(1400, 3);
    expect(c.parts).toHaveLength(1);
    expect(greatCircleMetres(c.parts[0][0], c.parts[0][1])).toBeCloseTo(245.83, 1);
  });

  it('a line crossing a square with a hole: the hole minus its 25 m rim is not covered', () => {
    // Square x 0..1000, y −500..500, hole x 400..600, y −100..100. Covered: −25..1025 minus 425..575 = 900 m.
    const c = coveredPart([ll(-500, 0), ll(1500, 0)], [[rect(0, -500, 1000, 500), rect(400, -100, 600, 100)]], 25);
    expect(c.metres).toBeCloseTo(900, 1);
    expect(c.parts).toHaveLength(2);
  });

  it('near a corner, and a MultiPolygon counts overlapping corridors once', () => {
    // Corner at (100, 20): y = 0 is within 25 m for x in 100 − 15 .. 200 + 15 → 130 m.
    expect(coveredPart([ll(0, 0), ll(300, 0)], [[rect(100, 20, 200, 120)]], 25).metres).toBeCloseTo(130, 1);
    // Two polygons straddling the line, x 100..200 and 210..300: corridors 75..225 and 185..325 overlap → 250 m.
    expect(coveredPart([ll(0, 0), ll(400, 0)], [[rect(100, -5, 200, 5)], [rect(210, -5, 300, 5)]], 25).metres).toBeCloseTo(250, 1);
  });

  it('a bent line running along a street: covered stretches across a vertex join into one part', () => {
    // Line (0,0) → (400,0) → (400,300); worksite x 350..450, y −10..100. On the first leg x from 325 (corridor edge)
    // to 400 → 75 m; on the second leg y from 0 to 125 → 125 m. Total 200 m in one part.
    const c = coveredPart([ll(0, 0), ll(400, 0), ll(400, 300)], [[rect(350, -10, 450, 100)]], 25);
    expect(c.metres).toBeCloseTo(200, 1);
    expect(c.parts).toHaveLength(1);
    expect(c.parts[0]).toHaveLength(3);
  });

  it('nothing when the worksite is farther than the corridor', () => {
    const c = coveredPart([ll(0, 0), ll(400, 0)], [[rect(100, 26, 200, 60)]], 25);
    expect(c.metres).toBe(0);
    expect(c.parts).toEqual([]);
  });

  it('agrees with sampling against turf\'s buffer polygon on an irregular worksite', () => {
    const line = [ll(-200, -80), ll(150, 40), ll(420, 10), ll(700, 260)];
    const poly = [[ll(0, 0), ll(120, -30), ll(260, 60), ll(380, 20), ll(450, 140), ll(300, 110), ll(200, 150), ll(60, 90), ll(0, 0)]];
    const exact = coveredPart(line, [poly], 25).metres;
    const zone = buffer({ type: 'Polygon', coordinates: poly }, 25, { units: 'meters', steps: 64 })!;
    const ls = lineString(line);
    const total = length(ls, { units: 'meters' });
    let inside = 0;
    const step = 0.25;
    for (let m = step / 2; m < total; m += step) if (booleanPointInPolygon(along(ls, m, { units: 'meters' }), zone)) inside += step;
    expect(exact).toBeGreaterThan(300);
    expect(Math.abs(exact - inside)).toBeLessThan(1);
  });
});
