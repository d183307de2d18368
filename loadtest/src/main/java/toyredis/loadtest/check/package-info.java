/** Conformance cases for attendees' servers: the case files and the checker that runs them. */
package toyredis.loadtest.check;
