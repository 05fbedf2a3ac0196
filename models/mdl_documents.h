/* Documents as a process (MODEL.md "Documents"; docs/ODD.md, "Documents").
 *
 * A citizenship ID card and a passport are flags of the person (MDL_F_ID,
 * MDL_F_PASSPORT); the 2025 stock is drawn at synthesis (mdl_attrs.c,
 * documents.id_share and passport_share with their barrier factors). From
 * then on documents are applied for: a seeker bound abroad who lacks them
 * applies with a monthly chance that the barriers lower (women, widows and
 * divorced women, minorities, rural households, conflict areas), the
 * household pays the fee (savings first, then borrowing) and the documents
 * come after months that the same barriers lengthen (doc_months counts them
 * down). Documentation access (mdl_interventions.c) acts on this process: a
 * person it reaches applies at the programme's fee and waiting time.
 *
 * A migrant of the regular channel holds a work permit (MDL_F_PERMIT) for
 * documents.permit_months, renewable up to permit_max_months while the ID
 * and passport are held; the permit ends on the way home. Documents are lost
 * by confiscation (MDL_MF_CONFISCATED, drawn in the journey), by the expiry
 * of the permit, and in an escalating conflict at home. A migrant abroad
 * without a valid permit is undocumented (mdl_abroad_undocumented) until she
 * or he registers in the destination (documents.regularisation_hazard: the
 * registration rounds and amnesties by which most migrants in Thailand got
 * their papers), which a trafficked person, or one whose documents an
 * employer keeps, cannot. */
#ifndef MDL_DOCUMENTS_H
#define MDL_DOCUMENTS_H

#include "mdl_world.h"

/* Is person i waiting for documents applied for? The journey should read it
 * where a seeker chooses a channel: while it holds, the regular channel is
 * not open yet, and the seeker waits or turns to an informal channel. */
int mdl_documents_pending(const mdl_world *w, size_t i);

/* Does person i hold the documents the regular channel needs (ID card and
 * passport)? */
int mdl_documents_complete(const mdl_world *w, size_t i);

/* Phase 5b, after the decision: the month of the documents of household
 * hh's members (applications, issue, permits, losses). */
void mdl_documents_household(const mdl_month_ctx *c, size_t hh, double *acc);

/* Person i applies for the documents it lacks (an ID card, and a passport
 * when passport is set) at the fee and waiting time of the documentation
 * programme when programme is set, else the usual ones. The household pays
 * the fee. Returns 1 when an application was started, 0 when there is
 * nothing to apply for, one is pending, or the household cannot raise the
 * fee. */
int mdl_documents_apply(mdl_world *w, size_t i, int programme, int passport, double *acc);

/* Monthly chance that seeker i, lacking documents, applies this month (the
 * barriers lower documents.apply_chance; the programme removes some). */
double mdl_documents_uptake(const mdl_world *w, size_t i, int programme);

/* Months an application of person i takes: id_months when the ID is missing,
 * passport_months when a passport is applied for, barrier_months for each
 * barrier the person meets; the programme shortens them. At least 1. */
int mdl_documents_months(const mdl_world *w, size_t i, int programme, int passport);

/* Person i holds a work permit for documents.permit_months from now. */
void mdl_documents_grant_permit(mdl_world *w, size_t i);

#endif
