/**
 * The bytes on the wire: writing requests and parsing replies for RESP and for the stage 2-3 text
 * lines, without allocating per request, and checking each reply against its request.
 */
package toyredis.loadtest.protocol;
