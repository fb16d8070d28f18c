// The dashboard's graph layout: ELK's layered (Sugiyama) algorithm, run in a Web Worker so that
// laying out a large graph never freezes the page. Part of the dashboard's bundle (bundle.mjs).
import ELK from "elkjs/lib/elk-api.js";

let elk = null;

/**
 * Lays out a directed graph, inputs below the things that need them.
 * nodes: [{ id, width, height }], edges: [{ id, source, target }] (source needs target).
 * Resolves to { nodes: [{ id, x, y, width, height }], edges: [{ id, source, target, points: [{x, y}] }], width, height }.
 */
export async function layout(nodes, edges, workerUrl) {
  elk ??= new ELK({ workerUrl });
  const graph = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.edgeRouting": "POLYLINE",
      "elk.layered.spacing.nodeNodeBetweenLayers": "40",
      "elk.spacing.nodeNode": "14",
      "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
    },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return {
    width: graph.width,
    height: graph.height,
    nodes: graph.children.map((n) => ({ id: n.id, x: n.x, y: n.y, width: n.width, height: n.height })),
    edges: graph.edges.map((e) => {
      const s = e.sections?.[0];
      const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
      return { id: e.id, source: e.sources[0], target: e.targets[0], points };
    }),
  };
}
