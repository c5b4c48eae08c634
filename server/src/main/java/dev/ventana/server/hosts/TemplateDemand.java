package dev.ventana.server.hosts;

import java.util.List;

/**
 * The templates the farm's pools want, so that a host makes them when a version is published (or
 * once it holds it), before the first user launches it. The broker knows the pools.
 */
public interface TemplateDemand {
    List<TemplateWanted> wanted();
}
