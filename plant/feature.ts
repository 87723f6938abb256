// The shape every reader of an owner's export produces (GeoJSON, KML, GeoPackage, CSV) and every writer takes:
// a feature's attributes as the owner named them, and its geometry in WGS84 [lon, lat]. Readers do not judge
// the geometry (matching does, and lists a bad one with its reason); they only say when it cannot be read.
import type { LonLat } from '../config/schema.js';

export type PlantGeometry =
  | { type: 'Point'; coordinates: LonLat }
  | { type: 'LineString'; coordinates: LonLat[] }
  | { type: 'MultiLineString'; coordinates: LonLat[][] };

export type PropertyValue = string | number | boolean | null;

export interface SourceFeature {
  /** Where the feature is, for messages: `routes.kml: Placemark 3 "SIB-12"`, `plant.gpkg: segments fid 7`. */
  ref: string;
  properties: Record<string, PropertyValue>;
  geometry: PlantGeometry | null;
  /** Why the geometry could not be read (an unsupported type, a malformed blob), when it could not. */
  geometryError?: string;
}

/** A layer to write: features with typed attributes (the column order is the first feature's key order). */
export interface OutputLayer {
  name: string;
  features: { properties: Record<string, PropertyValue>; geometry: PlantGeometry }[];
}

/** Reported while reading or matching large files. */
export type Progress = (done: number, total: number | undefined, what: string) => void;

/** A file that cannot be read at all (not the format, not WGS84…): the message names the file. */
export class PlantFileError extends Error {
  constructor(message: string) { super(message); this.name = 'PlantFileError'; }
}
