package org.entrasync.adapters.graph.internal;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.ParseNode;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import com.microsoft.kiota.serialization.SerializationWriter;
import com.microsoft.kiota.serialization.UntypedArray;
import com.microsoft.kiota.serialization.UntypedBoolean;
import com.microsoft.kiota.serialization.UntypedNode;
import com.microsoft.kiota.serialization.UntypedObject;
import com.microsoft.kiota.serialization.UntypedString;
import org.entrasync.core.model.DirectoryField;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One page of {@code /users} or {@code /users/delta}, read through the SDK's request adapter and
 * Kiota's JSON parse nodes (same authentication, middleware and {@code ODataError} mapping as the
 * generated request builders), holding only the properties the sync selects
 * ({@link UserMapper#SELECT}).
 *
 * <p>Why not the SDK's {@code UserCollectionResponse}: its {@code User} model registers about 150
 * field deserializers per instance and keeps every value in a backing store that is walked again
 * once the collection is set; and Kiota's typed reads ({@code getStringValue()}) open a JSON reader
 * per value. On 999-user pages the two were most of the listing's CPU (the benchmark's profile). So
 * the entries are read as Kiota untyped nodes, which Kiota converts straight from the parsed JSON
 * tree, and picked apart here.
 */
public final class UserListingPage implements Parsable {
  /** The SDK's error mapping for every Graph request: any 4xx/5xx body is an {@code ODataError}. */
  private static final HashMap<String, ParsableFactory<? extends Parsable>> ERRORS = new HashMap<>(
      Map.of("XXX", ODataError::createFromDiscriminatorValue));

  private List<Entry> value;
  private String nextLink;
  private String deltaLink;

  /** Sends {@code request} through the client's request adapter and parses the page. */
  public static UserListingPage send(GraphServiceClient graph, RequestInformation request) {
    return graph.getRequestAdapter().send(request, ERRORS, UserListingPage::create);
  }

  static UserListingPage create(ParseNode node) {
    return new UserListingPage();
  }

  /** The entries in listing order; an entry that is not a JSON object is {@code null}. */
  public List<Entry> value() {
    return value;
  }

  public String nextLink() {
    return nextLink;
  }

  public String deltaLink() {
    return deltaLink;
  }

  @Override
  public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
    return Map.of(
        "value", n -> value = entries(n.getObjectValue(UntypedNode::createFromDiscriminatorValue)),
        "@odata.nextLink", n -> nextLink = n.getStringValue(),
        "@odata.deltaLink", n -> deltaLink = n.getStringValue());
  }

  @Override
  public void serialize(SerializationWriter writer) {
    throw new UnsupportedOperationException("A user listing page is read from Graph, never sent");
  }

  private static List<Entry> entries(UntypedNode node) {
    List<Entry> entries = new ArrayList<>();
    if (node instanceof UntypedArray) {
      for (UntypedNode item : ((UntypedArray) node).getValue()) {
        entries.add(item instanceof UntypedObject ? Entry.of(((UntypedObject) item).getValue()) : null);
      }
    }
    return entries;
  }

  /**
   * One {@code user} entry: the selected properties (a property that is absent, {@code null} or of
   * another JSON type than Graph documents is {@code null}), and the delta {@code @removed}
   * annotation.
   *
   * @param assignedLicenseCount how many licenses the user holds ({@code assignedLicenses} is read for
   *     its size only)
   * @param removed the {@code @removed} annotation, or {@code null} for a present user
   * @param reported the selected properties the entry carried (with any value, {@code null} included);
   *     a later delta round may send only the changed ones
   */
  public record Entry(
      String id,
      String displayName,
      String givenName,
      String surname,
      String mail,
      String userPrincipalName,
      List<String> proxyAddresses,
      Boolean accountEnabled,
      String userType,
      String jobTitle,
      String mobilePhone,
      List<String> businessPhones,
      Integer assignedLicenseCount,
      Removal removed,
      Set<DirectoryField> reported) {

    /** Graph's property names of the {@link DirectoryField}s. */
    private static final Map<String, DirectoryField> FIELDS = Map.ofEntries(
        Map.entry("userPrincipalName", DirectoryField.USER_PRINCIPAL_NAME),
        Map.entry("mail", DirectoryField.MAIL),
        Map.entry("proxyAddresses", DirectoryField.PROXY_ADDRESSES),
        Map.entry("displayName", DirectoryField.DISPLAY_NAME),
        Map.entry("givenName", DirectoryField.GIVEN_NAME),
        Map.entry("surname", DirectoryField.SURNAME),
        Map.entry("accountEnabled", DirectoryField.ACCOUNT_ENABLED),
        Map.entry("userType", DirectoryField.USER_TYPE),
        Map.entry("jobTitle", DirectoryField.JOB_TITLE),
        Map.entry("mobilePhone", DirectoryField.MOBILE_PHONE),
        Map.entry("businessPhones", DirectoryField.BUSINESS_PHONES),
        Map.entry("assignedLicenses", DirectoryField.ASSIGNED_LICENSES));

    static Entry of(Map<String, UntypedNode> json) {
      UntypedNode removed = json.get("@removed");
      return new Entry(
          string(json.get("id")),
          string(json.get("displayName")),
          string(json.get("givenName")),
          string(json.get("surname")),
          string(json.get("mail")),
          string(json.get("userPrincipalName")),
          strings(json.get("proxyAddresses")),
          json.get("accountEnabled") instanceof UntypedBoolean ? ((UntypedBoolean) json.get("accountEnabled")).getValue() : null,
          string(json.get("userType")),
          string(json.get("jobTitle")),
          string(json.get("mobilePhone")),
          strings(json.get("businessPhones")),
          size(json.get("assignedLicenses")),
          removed instanceof UntypedObject
              ? new Removal(string(((UntypedObject) removed).getValue().get("reason")))
              : null,
          reported(json));
    }

    private static Set<DirectoryField> reported(Map<String, UntypedNode> json) {
      EnumSet<DirectoryField> reported = EnumSet.noneOf(DirectoryField.class);
      for (String name : json.keySet()) {
        DirectoryField field = FIELDS.get(name);
        if (field != null) {
          reported.add(field);
        }
      }
      return reported;
    }

    private static String string(UntypedNode node) {
      return node instanceof UntypedString ? ((UntypedString) node).getValue() : null;
    }

    private static List<String> strings(UntypedNode node) {
      if (!(node instanceof UntypedArray)) {
        return null;
      }
      List<String> values = new ArrayList<>();
      for (UntypedNode item : ((UntypedArray) node).getValue()) {
        String text = string(item);
        if (text != null) {
          values.add(text);
        }
      }
      return values;
    }

    private static Integer size(UntypedNode node) {
      if (!(node instanceof UntypedArray)) {
        return null;
      }
      int size = 0;
      for (UntypedNode ignored : ((UntypedArray) node).getValue()) {
        size++;
      }
      return size;
    }
  }

  /** The {@code @removed} annotation: {@code reason} is {@code deleted} or {@code changed}. */
  public record Removal(String reason) {}
}
