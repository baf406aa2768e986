package org.entrasync.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The root pom is the library's BOM: it manages every published artifact (each module, and the
 * test-jar of each module that builds one), and the consumer project that proves the import
 * (src/it/bom-import, built by the invoker in verify) declares each of them. A new module or test-jar
 * fails here until both list it.
 */
class BomTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void theRootPomManagesEveryPublishedArtifact() throws Exception {
    assertThat(managedEntrasyncArtifacts(read(ROOT.resolve("pom.xml")))).isEqualTo(publishedArtifacts());
  }

  @Test
  void theConsumerProjectDeclaresEveryManagedArtifactWithoutAVersion() throws Exception {
    Document consumer = read(Path.of("src/it/bom-import/pom.xml"));
    Set<String> declared = new TreeSet<>();
    for (Element dependency : dependencies(consumer, "project/dependencies")) {
      if ("org.entrasync".equals(text(dependency, "groupId"))) {
        assertThat(text(dependency, "version")).as("version of %s", text(dependency, "artifactId")).isNull();
        declared.add(key(dependency));
      }
    }
    assertThat(declared).isEqualTo(publishedArtifacts());
  }

  /** artifactId, or artifactId:test-jar, of each module and of each test-jar a module builds. */
  private static Set<String> publishedArtifacts() throws Exception {
    Set<String> published = new TreeSet<>();
    Document root = read(ROOT.resolve("pom.xml"));
    NodeList modules = root.getElementsByTagName("module");
    assertThat(modules.getLength()).isGreaterThanOrEqualTo(6);
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().trim();
      published.add(module);
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      if (pom.contains("<goal>test-jar</goal>")) {
        published.add(module + ":test-jar");
      }
    }
    return published;
  }

  private static Set<String> managedEntrasyncArtifacts(Document pom) {
    Set<String> managed = new TreeSet<>();
    for (Element dependency : dependencies(pom, "project/dependencyManagement/dependencies")) {
      if ("org.entrasync".equals(text(dependency, "groupId"))) {
        assertThat(text(dependency, "version")).isEqualTo("${project.version}");
        managed.add(key(dependency));
      }
    }
    return managed;
  }

  private static String key(Element dependency) {
    String type = text(dependency, "type");
    return text(dependency, "artifactId") + (type == null || type.equals("jar") ? "" : ":" + type);
  }

  private static List<Element> dependencies(Document pom, String path) {
    Element at = pom.getDocumentElement();
    String[] steps = path.split("/");
    for (int i = 1; i < steps.length && at != null; i++) {
      at = child(at, steps[i]);
    }
    List<Element> out = new ArrayList<>();
    if (at != null) {
      for (Node n = at.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals("dependency")) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }

  private static Document read(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }
}
