package org.entrasync.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps secrets as files: {@code <root>/tenants/<tenant>/<key>} for tenant secrets and {@code
 * <root>/app/<name>} for app secrets (which it only reads).
 *
 * <p>Writes are atomic (a temporary file in the same directory, then an atomic rename), so a reader
 * never sees half a token. Where the filesystem supports POSIX permissions, directories are created
 * {@code rwx------} and files {@code rw-------}.
 */
public final class FileSystemSecretProvider implements SecretProvider {
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private final Path root;
  private final boolean posix;

  public FileSystemSecretProvider(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  public Path root() {
    return root;
  }

  @Override
  public Optional<String> getTenantSecret(MspTenantId tenant, String key) {
    return read(tenantFile(tenant, key));
  }

  @Override
  public void putTenantSecret(MspTenantId tenant, String key, String value) {
    Objects.requireNonNull(value, "value");
    Path file = tenantFile(tenant, key);
    try {
      createOwnerOnlyDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "." + key + ".", ".tmp", fileAttributes());
      try {
        Files.writeString(temp, value, StandardCharsets.UTF_8);
        moveAtomically(temp, file);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new EntraUnavailableException(
          "Could not write secret '" + key + "' under " + root + ": " + e.getClass().getSimpleName()
              + ". Check that the directory exists and is writable by the host process.",
          e);
    }
  }

  @Override
  public void deleteTenantSecret(MspTenantId tenant, String key) {
    try {
      Files.deleteIfExists(tenantFile(tenant, key));
    } catch (IOException e) {
      throw new EntraUnavailableException(
          "Could not remove secret '" + key + "' under " + root + ": " + e.getClass().getSimpleName(),
          e);
    }
  }

  @Override
  public Optional<String> getAppSecret(String name) {
    return read(root.resolve("app").resolve(SecretProvider.requireKey(name)));
  }

  private Path tenantFile(MspTenantId tenant, String key) {
    Objects.requireNonNull(tenant, "tenant");
    return root.resolve("tenants").resolve(tenant.value()).resolve(SecretProvider.requireKey(key));
  }

  private static Optional<String> read(Path file) {
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8);
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read secret file " + file.getFileName(), e);
    }
  }

  private void createOwnerOnlyDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createOwnerOnlyDirectories(dir.getParent());
    try {
      if (posix) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException raced) {
      // another writer created it first; that is fine
    }
  }

  private FileAttribute<?>[] fileAttributes() {
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
        : new FileAttribute<?>[0];
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
