import type { BarChart } from "chartist";

// The dashboard's bar charts (Chartist, loaded with the dashboard). Bars run sideways so that names
// sit on the left with room to wrap, each row as tall as a wrapped name needs; the first entry on top.

type Chartist = { BarChart: typeof BarChart };

/** Pixels for each name, and the row each entry gets. */
const ROW_PX = 52;
const LABEL_MAX_PX = 200;

export interface BarSeries {
  labels: string[];
  series: number[][];
}

/** Draws `data` as horizontal bars into `element`: one row a label, one bar a series. */
export function drawBars(chartist: Chartist, element: HTMLElement, data: BarSeries) {
  const labelWidth = Math.min(LABEL_MAX_PX, Math.round(element.clientWidth * 0.4));
  // Chartist lays rows out bottom up: reversed, the first comes on top (series keep their order).
  const topDown = {
    labels: [...data.labels].reverse(),
    series: data.series.map((values) => [...values].reverse()),
  };
  return new chartist.BarChart(element, topDown, {
    horizontalBars: true,
    seriesBarDistance: 16,
    height: `${Math.max(2, data.labels.length) * ROW_PX + 30}px`,
    axisX: { onlyInteger: true },
    axisY: { offset: labelWidth + 10 },
    chartPadding: { top: 8, right: 24, bottom: 0, left: 0 },
  });
}
