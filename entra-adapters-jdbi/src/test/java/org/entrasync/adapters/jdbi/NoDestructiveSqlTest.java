package org.entrasync.adapters.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The adapter has no SQL that deletes a host contact or a link: scans every string literal (text
 * blocks included) of the module's main sources, every {@code .sql} resource, and the values of
 * JDBI SqlObject annotations ({@code @SqlQuery}, {@code @SqlUpdate}, {@code @SqlBatch} ...) of the
 * compiled classes.
 */
class NoDestructiveSqlTest {
  private static final String TABLE = "(?:only\\s+)?(?:\"?[a-z0-9_]+\"?\\.)?\"?(psa_contacts|entra_contact_links)\"?"
      + "(?![a-z0-9_])";
  private static final List<Pattern> FORBIDDEN = List.of(
      Pattern.compile("delete\\s+from\\s+" + TABLE),
      Pattern.compile("truncate\\s+(?:table\\s+)?" + TABLE),
      Pattern.compile("drop\\s+table\\s+(?:if\\s+exists\\s+)?" + TABLE));

  static List<String> violations(String sql) {
    String normalized = sql.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
    List<String> found = new ArrayList<>();
    for (Pattern pattern : FORBIDDEN) {
      var matcher = pattern.matcher(normalized);
      while (matcher.find()) {
        found.add(matcher.group());
      }
    }
    return found;
  }

  @Test
  void theScannerRecognisesDestructiveStatements() {
    assertThat(violations("DELETE FROM psa_contacts WHERE id = 1")).hasSize(1);
    assertThat(violations("delete\n  from public.entra_contact_links l where true")).hasSize(1);
    assertThat(violations("TRUNCATE TABLE \"psa_contacts\"")).hasSize(1);
    assertThat(violations("drop table if exists entra_contact_links")).hasSize(1);
    assertThat(violations("delete from psa_contact_phones p where p.contact_id = 'x'")).isEmpty();
    assertThat(violations("update entra_contact_links set status = 'detached'")).isEmpty();
    // A pending sign-in is not a contact or a link: deleting an expired or used one is housekeeping.
    assertThat(violations("delete from entra_pending_authorizations where expires_at < now()")).isEmpty();
    assertThat(violations("delete from entra_contact_links_archive where true")).isEmpty();
    assertThat(violations("delete from entra_contact_links where true")).hasSize(1);
  }

  @Test
  void noStringLiteralOfTheMainSourcesDeletesAContactOrALink() {
    Map<Path, String> literals = new LinkedHashMap<>();
    for (Path source : files(Path.of("src/main/java"), ".java")) {
      literals.put(source, String.join(" ", stringLiterals(read(source))));
    }
    assertThat(literals).isNotEmpty();
    // The scan sees the adapter's SQL (or it would prove nothing).
    assertThat(String.join(" ", literals.values())).contains("insert into entra_contact_links")
        .contains("update psa_contacts");
    literals.forEach((file, text) -> assertThat(violations(text)).as(file.toString()).isEmpty());
  }

  @Test
  void noSqlResourceDeletesAContactOrALink() {
    List<Path> scripts = files(Path.of("src/main/resources"), ".sql");
    assertThat(scripts).hasSizeGreaterThanOrEqualTo(2);
    for (Path script : scripts) {
      assertThat(violations(read(script))).as(script.toString()).isEmpty();
    }
  }

  @Test
  void noSqlObjectAnnotationDeletesAContactOrALink() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.entrasync.adapters.jdbi");
    assertThat(classes).isNotEmpty();
    for (var javaClass : classes) {
      for (JavaMethod method : javaClass.getMethods()) {
        for (JavaAnnotation<JavaMethod> annotation : method.getAnnotations()) {
          if (annotation.getRawType().getPackageName().startsWith("org.jdbi.v3.sqlobject")) {
            annotation.get("value").ifPresent(value ->
                assertThat(violations(String.valueOf(value))).as(method.getFullName()).isEmpty());
          }
        }
      }
    }
  }

  /** String literals and text blocks of Java source, comments skipped. */
  static List<String> stringLiterals(String source) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        i = source.indexOf('\n', i);
        if (i < 0) {
          break;
        }
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'') {
        i = skipQuoted(source, i, '\'');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        out.add(source.substring(i + 3, end < 0 ? n : end));
        i = end < 0 ? n : end + 3;
      } else if (c == '"') {
        int end = skipQuoted(source, i, '"');
        out.add(source.substring(i + 1, Math.max(i + 1, end - 1)));
        i = end;
      } else {
        i++;
      }
    }
    return out;
  }

  private static int skipQuoted(String source, int start, char quote) {
    int i = start + 1;
    while (i < source.length() && source.charAt(i) != quote) {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  private static List<Path> files(Path root, String suffix) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
