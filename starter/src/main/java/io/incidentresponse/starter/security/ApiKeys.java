package io.incidentresponse.starter.security;

import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.identity.IdentityMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The configured API keys, held as their SHA-256 hashes only. A key presented is hashed and
 * compared with every configured hash in constant time, without stopping at a match, so the time
 * taken says nothing about which hash (or how much of it) matched.
 */
final class ApiKeys {
  private record Entry(byte[] hash, Caller caller) {}

  private final List<Entry> entries;

  ApiKeys(List<SecurityProperties.ApiKey> keys) {
    this.entries =
        keys.stream().map(k -> new Entry(HexFormat.of().parseHex(k.sha256()), caller(k))).toList();
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The person the key stands for, or empty for an unknown key. */
  Optional<Caller> find(String key) {
    byte[] hash = sha256(key);
    Caller found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.hash(), hash)) {
        found = entry.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static Caller caller(SecurityProperties.ApiKey key) {
    EnumSet<AccessRole> roles = EnumSet.noneOf(AccessRole.class);
    key.roles().forEach(r -> AccessRole.parse(r).ifPresent(roles::add));
    return new Caller(key.person().trim(), IdentityMethod.API_KEY, roles);
  }
}
