package org.entrasync.adapters.graph.internal;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.ParseNode;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import com.microsoft.kiota.serialization.SerializationWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One page of {@code /users} or {@code /users/delta} as a slim, read-only Kiota model holding only
 * the properties the sync selects ({@link UserMapper#SELECT}).
 *
 * <p>Why not the SDK's {@code UserCollectionResponse}: its {@code User} model registers about 150
 * field deserializers per instance and keeps every value in a backing store that is walked again for
 * consistency once the collection is set; measured on 999-user pages this was most of the listing's
 * CPU (the benchmark's profile). This model is parsed by the same SDK request adapter and Kiota JSON
 * parse nodes, with the same authentication, middleware and {@code ODataError} mapping; it only
 * declares fewer fields.
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

  /** The entries in listing order; an entry Graph sent as {@code null} stays {@code null}. */
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
        "value", n -> value = n.getCollectionOfObjectValues(Entry::create),
        "@odata.nextLink", n -> nextLink = n.getStringValue(),
        "@odata.deltaLink", n -> deltaLink = n.getStringValue());
  }

  @Override
  public void serialize(SerializationWriter writer) {
    throw new UnsupportedOperationException("A user listing page is read from Graph, never sent");
  }

  /** One {@code user} entry: the selected properties, and the {@code @removed} annotation of delta. */
  public static final class Entry implements Parsable {
    private String id;
    private String displayName;
    private String givenName;
    private String surname;
    private String mail;
    private String userPrincipalName;
    private List<String> proxyAddresses;
    private Boolean accountEnabled;
    private String userType;
    private String jobTitle;
    private String mobilePhone;
    private List<String> businessPhones;
    private Integer assignedLicenseCount;
    private Removal removed;

    static Entry create(ParseNode node) {
      return new Entry();
    }

    public String id() {
      return id;
    }

    public String displayName() {
      return displayName;
    }

    public String givenName() {
      return givenName;
    }

    public String surname() {
      return surname;
    }

    public String mail() {
      return mail;
    }

    public String userPrincipalName() {
      return userPrincipalName;
    }

    public List<String> proxyAddresses() {
      return proxyAddresses;
    }

    public Boolean accountEnabled() {
      return accountEnabled;
    }

    public String userType() {
      return userType;
    }

    public String jobTitle() {
      return jobTitle;
    }

    public String mobilePhone() {
      return mobilePhone;
    }

    public List<String> businessPhones() {
      return businessPhones;
    }

    /** How many licenses the user holds ({@code assignedLicenses} is read for its size only). */
    public Integer assignedLicenseCount() {
      return assignedLicenseCount;
    }

    /** The delta {@code @removed} annotation, or {@code null} for a present user. */
    public Removal removed() {
      return removed;
    }

    @Override
    public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
      Map<String, Consumer<ParseNode>> fields = new HashMap<>(32);
      fields.put("id", n -> id = n.getStringValue());
      fields.put("displayName", n -> displayName = n.getStringValue());
      fields.put("givenName", n -> givenName = n.getStringValue());
      fields.put("surname", n -> surname = n.getStringValue());
      fields.put("mail", n -> mail = n.getStringValue());
      fields.put("userPrincipalName", n -> userPrincipalName = n.getStringValue());
      fields.put("proxyAddresses", n -> proxyAddresses = n.getCollectionOfPrimitiveValues(String.class));
      fields.put("accountEnabled", n -> accountEnabled = n.getBooleanValue());
      fields.put("userType", n -> userType = n.getStringValue());
      fields.put("jobTitle", n -> jobTitle = n.getStringValue());
      fields.put("mobilePhone", n -> mobilePhone = n.getStringValue());
      fields.put("businessPhones", n -> businessPhones = n.getCollectionOfPrimitiveValues(String.class));
      fields.put("assignedLicenses", n -> {
        List<Ignored> licenses = n.getCollectionOfObjectValues(Ignored::create);
        assignedLicenseCount = licenses == null ? null : licenses.size();
      });
      fields.put("@removed", n -> removed = n.getObjectValue(Removal::create));
      return fields;
    }

    @Override
    public void serialize(SerializationWriter writer) {
      throw new UnsupportedOperationException("A user entry is read from Graph, never sent");
    }
  }

  /** The {@code @removed} annotation: {@code reason} is {@code deleted} or {@code changed}. */
  public static final class Removal implements Parsable {
    private String reason;

    static Removal create(ParseNode node) {
      return new Removal();
    }

    public String reason() {
      return reason;
    }

    @Override
    public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
      return Map.of("reason", n -> reason = n.getStringValue());
    }

    @Override
    public void serialize(SerializationWriter writer) {
      throw new UnsupportedOperationException("An annotation is read from Graph, never sent");
    }
  }

  /** An object whose content is not needed (a license is counted, not read). */
  private static final class Ignored implements Parsable {
    private static final Ignored INSTANCE = new Ignored();

    static Ignored create(ParseNode node) {
      return INSTANCE;
    }

    @Override
    public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
      return Map.of();
    }

    @Override
    public void serialize(SerializationWriter writer) {
      throw new UnsupportedOperationException("Read only");
    }
  }
}
