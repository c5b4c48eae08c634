/**
 * Application packages (issue 15; docs/api.md, "Packages"): an application in a read-only
 * squashfs layer of its own, versioned like an image version (immutable, named by its manifest's
 * sha256), uploaded as a bundle or reported by the hosts that hold it, served to hosts that lack
 * it, and deleted when no pool lists it and no live session has it. Pools choose which package
 * versions their sessions get (broker.PoolPackages).
 */
package dev.ventana.server.packages;
