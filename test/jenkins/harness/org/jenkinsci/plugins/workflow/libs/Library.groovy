// Stand-in for the `@Library` annotation: the harness has loaded the library already.
package org.jenkinsci.plugins.workflow.libs

import java.lang.annotation.Retention
import java.lang.annotation.RetentionPolicy

@Retention(RetentionPolicy.SOURCE)
@interface Library {
  String[] value()
  boolean changelog() default true
}
