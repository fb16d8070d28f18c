// What the page is showing: the model's structure, the last analysis, the selection and the
// optimizer's plan. Owned here; the views read it and change it only through these functions.
import { Structure } from "./structure.js";

let structure = null;
let analysis = null;
let selected = null;
let plan = new Set();

export const model = () => structure;
export const lastAnalysis = () => analysis;
export const selection = () => selected;
export const planned = () => plan;

/** A new model: everything else about the old one is forgotten. */
export function showModel(doc) {
  structure = new Structure(doc);
  analysis = null;
  selected = null;
  plan = new Set();
}

/** The same model toward another target (the analysis's), keeping the selection and the plan. */
export function retarget(doc) { structure = new Structure(doc); }

export function setAnalysis(a) { analysis = a; }

export function select(id) { selected = id; }

export function setPlan(components) { plan = new Set(components); }
