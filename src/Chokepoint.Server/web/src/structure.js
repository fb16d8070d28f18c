// A read-only view of the server's structure document (GET /api/models/{id}/structure). The layer
// order, inputs, users, what the target needs, production jurisdictions and the paths to the target
// are the server's; this file only looks them up. Components are named by id here and by position
// in the document.

export class Structure {
  #byId;
  #byLayer;

  constructor(doc) {
    this.doc = doc;
    this.components = doc.components;
    this.layers = doc.layers;
    this.targetId = doc.target?.id ?? null;
    this.target = doc.target?.component ?? null;
    this.#byId = new Map(doc.components.map((c, i) => [c.id, i]));
    this.#byLayer = new Map(doc.layers.map((l) => [l, []]));
    for (const c of doc.components) this.#byLayer.get(c.layer).push(c);
  }

  get size() { return this.components.length; }

  has(id) { return this.#byId.has(id); }

  get(id) { return this.components[this.#byId.get(id)]; }

  #ids(list) { return (list ?? []).map((i) => this.components[i].id); }

  /** The components of one layer, in model order. */
  inLayer(layer) { return this.#byLayer.get(layer) ?? []; }

  /** The layer's position in the server's order (for its colour). */
  layerNumber(layer) { return this.layers.indexOf(layer); }

  /** What the component requires: [{ id, alternative }], alternative for members of an any_of group. */
  inputs(id) {
    const c = this.get(id);
    const alternatives = new Set(c.alternative_inputs ?? []);
    return (c.inputs ?? []).map((i) => ({ id: this.components[i].id, alternative: alternatives.has(i) }));
  }

  usedBy(id) { return this.#ids(this.get(id).used_by); }

  /** The users through which the target needs the component. */
  neededBy(id) { return this.#ids(this.get(id).needed_by); }

  /** True when the target needs the component (the server writes path_to_target only then). */
  isNeeded(id) { return "path_to_target" in this.get(id); }

  /** Where each provider produces, in provider order. */
  where(id) { return this.get(id).production_jurisdictions ?? []; }

  /** The next component on the server's shortest chain to the target; null at the target and when not needed. */
  next(id) {
    const n = this.get(id).path_to_target;
    return n === null || n === undefined ? null : this.components[n].id;
  }

  /** The server's shortest chain from the component up to the target, both included; empty when not needed. */
  pathToTarget(id) {
    if (!this.isNeeded(id)) return [];
    const path = [id];
    for (let x = this.next(id); x !== null; x = this.next(x)) path.push(x);
    return path;
  }
}
