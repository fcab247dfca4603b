/**
 * Activity implementations, one package per outside system (kubernetes, prometheus, logs, slack,
 * paging, statuspage, database, gitops). None is built yet: the interfaces they implement live in
 * {@code io.incidentresponse.workflows.activities} and {@code
 * io.incidentresponse.workflows.postmortem}.
 */
package io.incidentresponse.activities;
