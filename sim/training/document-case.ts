/**
 * A document reviewer's case at a difficulty: the declaration beside the commercial invoice, the
 * packing list and the manifest. The papers agree unless the consignment's hidden violation shows
 * on them (misclassification: the invoice describes other goods; undervaluation: the invoice is
 * worth more than declared; quantity or weight: the packing list holds more; origin fraud: the
 * marks say another country of origin) or the exercise projected one of these on a clean case.
 * Difficulty makes the difference smaller (a nearer heading, a few per cent of value or weight),
 * shows it on fewer documents, and adds harmless differences (rounded weights) to clean papers.
 */
import { IndexedStreams } from '../kernel/rng.js';
import { HS_HEADINGS, ORIGINS, headingIndexByCode, originIndexByCode } from '../supervision/hs-catalog.js';
import type { DocLine, DocumentCaseContent } from './types.js';
import { DOCUMENT_VIOLATIONS, type DocumentCase } from './exercise.js';

export const DOCUMENT_PROJECTIONS = ['misclassified_hs', 'undervaluation', 'quantity_weight', 'origin_fraud'] as const;
/** factor by which the invoice's value or the packing list's quantity exceeds the declaration, by level 1…5 */
const OVER = [1.6, 1.35, 1.2, 1.1, 1.05];

export interface RenderedDocuments {
  content: DocumentCaseContent;
  truth: string;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** The discrepancy the papers show ('' when they agree). */
export function documentDiscrepancy(c: DocumentCase): string {
  if (DOCUMENT_VIOLATIONS.has(c.violation)) return c.violation;
  return c.projected ? DOCUMENT_PROJECTIONS[Math.floor(c.projection * DOCUMENT_PROJECTIONS.length)] : '';
}

export function renderDocumentCase(c: DocumentCase, level: number, seed: number): RenderedDocuments {
  const d = c.declared;
  const r = new IndexedStreams(seed, 'training.documents').at(c.ref);
  const lines: DocLine[] = d.items.map((it) => {
    const h = HS_HEADINGS[headingIndexByCode(it.hs)];
    const o = ORIGINS[originIndexByCode(it.origin)];
    return { description: h.description, hs: it.hs, origin: o.name, qty: Math.round(it.qty), unit: h.unit, weight_kg: Math.round(it.weight_kg), value_usd: round2(it.value_usd) };
  });
  const packages = 10 + r.int(390);
  const gross = Math.round(d.declared_gross_kg);
  const invoiceLines = lines.map((l) => ({ ...l }));
  const packing = lines.map((l) => ({ description: l.description, qty: l.qty, unit: l.unit, weight_kg: l.weight_kg, marks: `MADE IN ${l.origin.toUpperCase()}` }));
  const manifest = { bill_of_lading: `BL${pad(r.int(1e8), 8)}`, vessel: `MV ${['HANJIN', 'COSCO', 'EVER', 'MAERSK', 'CMA'][r.int(5)]} ${pad(1 + r.int(99), 3)}`, container: d.container, seal: d.seal, gross_kg: gross, packages, description: lines[0].description };
  const kind = documentDiscrepancy(c);
  const f = OVER[level - 1];
  const hard = level >= 3;
  let truth = '';
  // the line the discrepancy is on: the heaviest
  let k = 0;
  for (let i = 1; i < lines.length; i++) if (lines[i].weight_kg > lines[k].weight_kg) k = i;
  if (kind === 'misclassified_hs') {
    const declaredIdx = headingIndexByCode(lines[k].hs);
    const declaredH = HS_HEADINGS[declaredIdx];
    // the true goods: a heading a misclassifier declares as this one, else a near (hard) or far (easy) heading
    const cover = HS_HEADINGS.filter((h) => h.misclassAs === declaredH.code && h.code !== declaredH.code);
    const near = HS_HEADINGS.filter((h) => h.chapter === declaredH.chapter && h.code !== declaredH.code);
    const far = HS_HEADINGS.filter((h) => h.chapter !== declaredH.chapter);
    const pool = cover.length > 0 ? cover : hard && near.length > 0 ? near : far;
    const other = pool[r.int(pool.length)];
    invoiceLines[k].description = other.description;
    if (!hard) packing[k].description = other.description;
    truth = `the invoice describes ${other.description} (HS ${other.code}), declared as HS ${declaredH.code}`;
  } else if (kind === 'undervaluation') {
    invoiceLines[k].value_usd = round2(lines[k].value_usd * f);
    truth = `the invoice is worth ${invoiceLines[k].value_usd} USD on line ${k + 1}, declared ${lines[k].value_usd} USD`;
  } else if (kind === 'quantity_weight') {
    packing[k].qty = Math.round(lines[k].qty * f);
    packing[k].weight_kg = Math.round(lines[k].weight_kg * f);
    if (!hard) manifest.gross_kg = Math.round(gross + lines[k].weight_kg * (f - 1));
    truth = `the packing list holds ${packing[k].qty} ${lines[k].unit} (${packing[k].weight_kg} kg) on line ${k + 1}, declared ${lines[k].qty} (${lines[k].weight_kg} kg)`;
  } else if (kind === 'origin_fraud') {
    const others = ORIGINS.filter((o) => !o.fta && o.name !== lines[k].origin);
    const o = others[r.int(others.length)];
    packing[k].marks = `MADE IN ${o.name.toUpperCase()}`;
    if (!hard) invoiceLines[k].origin = o.name;
    truth = `the goods are marked as made in ${o.name}, declared origin ${lines[k].origin}`;
  } else if (hard) {
    // harmless: the packer rounds weights to 10 kg
    for (const p of packing) p.weight_kg = Math.max(10, Math.round(p.weight_kg / 10) * 10);
  }
  const net = packing.reduce((s, p) => s + p.weight_kg, 0);
  return {
    content: {
      kind: 'documents',
      declaration: { entry_no: `2200${pad(c.ref, 14)}`, consignee: `Enterprise ${pad(d.enterprise, 4)}`, container: d.container, gross_kg: gross, packages, lines },
      invoice: { invoice_no: `INV-${pad(r.int(1e6), 6)}`, seller: `Supplier ${pad(r.int(1e4), 4)}`, currency: 'USD', lines: invoiceLines, total_usd: round2(invoiceLines.reduce((s, l) => s + l.value_usd, 0)) },
      packing_list: { packages, gross_kg: Math.max(gross, net), net_kg: net, lines: packing },
      manifest,
    },
    truth,
  };
}
