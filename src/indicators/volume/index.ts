/** The volume family. (Placeholder so the catalog builds; replaced by the family's own index.) */
import type { IndicatorSpec } from '../types.js';

export const catalog: IndicatorSpec[] = [];
