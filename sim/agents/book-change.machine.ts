/**
 * One application to change an e-account book: a new model number to merge into an existing item.
 * Filed, it waits for customs' review (5 minutes online in Suzhou 2005, seed 000; days on paper),
 * then it is approved and the book takes the merge relation. An import of the new model cannot be
 * declared before that: the goods wait.
 */
import { emit, setup } from 'xstate';

export interface BookChangeInput {
  enterprise: number;
  material: string;
  item: number;
  /** review time, drawn by the world from the policy's distribution */
  reviewS: number;
}
export interface BookChangeContext extends BookChangeInput {}
/** nothing is sent to an application: it is reviewed and approved */
export type BookChangeEvent = { type: 'book-change.none' };
export type BookChangeEmitted =
  | { type: 'book.change_filed'; enterprise: number; material: string; item: number }
  | { type: 'book.change_approved'; enterprise: number; material: string; item: number; review_s: number };

export const bookChangeMachine = setup({
  types: {
    context: {} as BookChangeContext,
    input: {} as BookChangeInput,
    events: {} as BookChangeEvent,
    emitted: {} as BookChangeEmitted,
  },
  actions: {
    announceFiled: emit(({ context }) => ({ type: 'book.change_filed' as const, enterprise: context.enterprise, material: context.material, item: context.item })),
    announceApproved: emit(({ context }) => ({
      type: 'book.change_approved' as const,
      enterprise: context.enterprise,
      material: context.material,
      item: context.item,
      review_s: context.reviewS,
    })),
  },
  delays: {
    review: ({ context }) => context.reviewS,
  },
}).createMachine({
  id: 'bookChange',
  context: ({ input }) => ({ ...input }),
  initial: 'reviewing',
  states: {
    reviewing: {
      entry: 'announceFiled',
      after: { review: { target: 'approved', actions: 'announceApproved' } },
    },
    approved: { type: 'final' },
  },
});
