package org.entrasync.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.entrasync.core.plugin.EntraPlugin;
import org.entrasync.core.plugin.Installation;
import org.entrasync.core.plugin.WorkerUseCases;
import org.junit.jupiter.api.Test;

/**
 * Nothing unguarded is reachable from the facade: no public method of it, of its builder or of the
 * plugin SPI names a type of {@code org.entrasync.core.internal}, so a host never holds a use case.
 */
class FacadeSurfaceTest {

  @Test
  void thePublicSignaturesNameNoInternalType() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : List.of(EntraIntegration.class, EntraIntegrationBuilder.class, EntraPlugin.class,
        Installation.class, Installation.InstalledPorts.class, WorkerUseCases.class)) {
      for (Method method : type.getMethods()) {
        if (!Modifier.isPublic(method.getModifiers())) {
          continue;
        }
        Stream.concat(Stream.of(method.getGenericReturnType()), Stream.of(method.getGenericParameterTypes()))
            .flatMap(FacadeSurfaceTest::named)
            .filter(name -> name.startsWith("org.entrasync.core.internal."))
            .forEach(name -> leaks.add(type.getSimpleName() + "." + method.getName() + " names " + name));
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theFacadeHasNoPublicConstructor() {
    assertThat(EntraIntegration.class.getConstructors()).as("built only by EntraIntegration.builder()").isEmpty();
  }

  private static Stream<String> named(Type type) {
    if (type instanceof ParameterizedType p) {
      return Stream.concat(named(p.getRawType()), Stream.of(p.getActualTypeArguments()).flatMap(FacadeSurfaceTest::named));
    }
    return type instanceof Class<?> c ? Stream.of(c.getName()) : Stream.empty();
  }
}
