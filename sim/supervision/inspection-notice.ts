/**
 * Information sharing and the inspection notice (查验通知): a container chosen for inspection must
 * be moved to the inspection area. With information sharing (customs, terminal and enterprise on
 * one platform) the notice reaches the enterprise and the terminal at once; without it, after the
 * consignment's own notice delay (`notice_s`). A truck diverted at the gate is already in the
 * officers' hands and gets no notice.
 */

/** Seconds from the decision to the enterprise's receiving the inspection notice. */
export function inspectionNoticeDelayS(infoSharing: boolean, noticeS: number): number {
  return infoSharing ? 0 : noticeS;
}
