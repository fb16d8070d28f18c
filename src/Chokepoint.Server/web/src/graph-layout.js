// The dashboard's graph layout: ELK's layered (Sugiyama) algorithm, run in a Web Worker so that
// laying out a large graph never freezes the page. Part of the dashboard's bundle (bundle.mjs).
import ELK from "elkjs/lib/elk-api.js";

let elk = null;

/**
 * Lays out a directed graph by layer, top to bottom: each node's partition is its band (0 on top), and
 * ELK keeps the bands in order, so a stack's layers stay in rows whatever the edges between them.
 * nodes: [{ id, width, height, partition }], edges: [{ id, source, target }] (source needs target).
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
      "elk.spacing.nodeNode": "10",
      // Long edges cross many rows as chains of dummy nodes: keep those thin, so the rows stay narrow.
      "elk.spacing.edgeNode": "6",
      "elk.spacing.edgeEdge": "4",
      "elk.layered.spacing.edgeNodeBetweenLayers": "8",
      "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
      "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
      "elk.partitioning.activate": "true",
    },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height, layoutOptions: { "elk.partitioning.partition": String(n.partition) } })),
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
