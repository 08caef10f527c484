import { parseAllDocuments } from 'yaml';
import { ManifestObject } from '../../../lib/validation/finding';

/** The objects of a multi-document YAML text (Istio's testdata, transcribed). */
export function fromYaml(text: string): ManifestObject[] {
  return parseAllDocuments(text).map((d) => d.toJSON() as ManifestObject).filter((o) => o !== null);
}
