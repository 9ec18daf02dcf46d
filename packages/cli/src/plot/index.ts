/** descent's charts: Vega-Lite specs from plain arrays. */
export { scatterSpec, decisionBoundarySpec, lossCurvesSpec, CHART_FONT } from "./charts.js";
export type { ScatterData, DecisionBoundaryData, LossCurve, LossCurvesData } from "./charts.js";
export { imageGridSpec } from "./images.js";
export type { ImageGridData } from "./images.js";
