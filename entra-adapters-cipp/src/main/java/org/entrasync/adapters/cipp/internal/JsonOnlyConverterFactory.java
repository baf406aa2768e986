package org.entrasync.adapters.cipp.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Converter;
import retrofit2.Retrofit;

/**
 * Wraps Retrofit's Jackson converter so that a successful answer that is an HTML page (a front end
 * or a sign-in page instead of CIPP-API) is recognised as such rather than reported as bad JSON.
 */
final class JsonOnlyConverterFactory extends Converter.Factory {
  private final Converter.Factory json;

  JsonOnlyConverterFactory(Converter.Factory json) {
    this.json = json;
  }

  /** Thrown (as an I/O failure, as Retrofit expects) when a body is HTML. */
  static final class HtmlBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    HtmlBodyException() {
      super("The response is an HTML page, not JSON");
    }
  }

  @Override
  public Converter<ResponseBody, ?> responseBodyConverter(Type type, Annotation[] annotations, Retrofit retrofit) {
    Converter<ResponseBody, ?> delegate = json.responseBodyConverter(type, annotations, retrofit);
    if (delegate == null) {
      return null;
    }
    return body -> {
      MediaType contentType = body.contentType();
      if (contentType != null && contentType.subtype().toLowerCase(Locale.ROOT).contains("html")) {
        body.close();
        throw new HtmlBodyException();
      }
      return delegate.convert(body);
    };
  }

  @Override
  public Converter<?, RequestBody> requestBodyConverter(Type type, Annotation[] parameterAnnotations,
      Annotation[] methodAnnotations, Retrofit retrofit) {
    return json.requestBodyConverter(type, parameterAnnotations, methodAnnotations, retrofit);
  }
}
