/**
 * Random differential sequences (check --random): requests generated from a seed, valid and
 * invalid, sent to a reference Redis whole and to the server under test cut into pieces; every
 * reply must be the same bytes. A failure shrinks to a short sequence printed as a redis-cli script.
 */
package toyredis.loadtest.random;
